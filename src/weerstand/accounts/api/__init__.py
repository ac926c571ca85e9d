"""The accounts app in the API: four-eyes access changes."""
