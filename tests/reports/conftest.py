from tests.reports.report_data import report_data  # noqa: F401 - the shared fixture of the report tests
