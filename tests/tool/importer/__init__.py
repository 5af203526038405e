"""The importer and the command: exports and feeds in, archives out."""
