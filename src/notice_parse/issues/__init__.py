"""Issues: the problems, their measures, status and deadlines, in every layout."""
