"""yjanalysis: quarterly performance reports for Youth Justice Services.

The package reads published youth justice, population and education statistics (and a
service's own case-level extract), turns them into one tidy indicator table, benchmarks a
service against its YJB family, region and nation, and publishes the numbered notebooks as
HTML for management boards.
"""

__version__ = "0.1.0"
