from tests.reports.report_data import reference_rows, report_data  # noqa: F401 - shared fixtures of the report tests
