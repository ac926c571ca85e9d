# Weerstand no longer holds a witness-protection identity: only that a person is covered by
# the programme, and by which (`ProgrammeCover`, filled from this column by 0003).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('registry', '0003_carry_over_witness_protection_identity'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='person',
            name='witness_protection_identity',
        ),
    ]
