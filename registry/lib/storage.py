"""Private file storage: outside the web root, with no URL (spec: proof of training)."""

import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import LazyObject


class _PrivateStorage(LazyObject):
    def _setup(self):
        # base_url=None: the storage has no public URL; files are only streamed by views that
        # check permission first.
        self._wrapped = FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)


private_storage = _PrivateStorage()


def get_private_storage():
    """The field's storage as a callable, so migrations record this function and not the
    folder of whichever machine made them."""
    return private_storage


def proof_upload_to(instance, filename: str) -> str:
    # The stored name is ours, not the uploader's: no path tricks, no collisions.
    suffix = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}.get(
        instance.proof_content_type, "bin"
    )
    return f"proofs/{instance.applicant_id}/{uuid.uuid4().hex}.{suffix}"
