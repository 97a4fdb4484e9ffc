"""Meta: title, issuer, dates of the page, source site and the notice's kind."""
