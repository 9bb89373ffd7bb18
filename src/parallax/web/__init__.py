"""The faces of parallax: the offline HTML report and the local web UI, sharing one set of templates."""
