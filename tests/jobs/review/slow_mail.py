"""A file e-mail backend that is slow on purpose, for the worker kill/restart test
(tests/jobs/review/test_batch_worker.py): it holds a send for ``SLOW_MAIL_SECONDS`` so the
test can kill the worker in the middle of one. Configured from the worker's environment:
``EMAIL_BACKEND=tests.jobs.review.slow_mail.SlowFileBackend`` and ``EMAIL_FILE_PATH=<dir>``
(one file per message)."""

import os
import time

from django.core.mail.backends.filebased import EmailBackend


class SlowFileBackend(EmailBackend):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("file_path", os.environ["EMAIL_FILE_PATH"])
        super().__init__(*args, **kwargs)

    def send_messages(self, email_messages):
        time.sleep(float(os.environ.get("SLOW_MAIL_SECONDS", "0")))
        return super().send_messages(email_messages)
