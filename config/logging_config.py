"""The LOGGING setting: one line per record on stdout, each with its request id and, for database
errors, the alias (config/web/request_id.py fills both in)."""


def one_line_per_record(level: str) -> dict:
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_context": {"()": "config.web.request_id.RequestContextFilter"}},
        "formatters": {
            "plain": {
                "format": "%(asctime)s %(levelname)s %(name)s request_id=%(request_id)s "
                "alias=%(alias)s %(message)s"
            }
        },
        "handlers": {
            "stdout": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stdout",
                "formatter": "plain",
                "filters": ["request_context"],
            }
        },
        "root": {"handlers": ["stdout"], "level": level},
    }
