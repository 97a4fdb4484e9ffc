"""The application: command line, batch runs, golden checks, views, stats, CSV tables, database, rounds."""
