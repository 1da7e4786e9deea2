"""Election forensics: statistical tests on precinct figures (numpy and scipy, no Qt, no
SQL). kztally.services.forensics feeds them; the CLI and the panel show the findings."""
