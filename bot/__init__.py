"""The application: GitHub events in, reviews, comments and check runs out. No Flask here."""
