"""Where uploads are kept, and what happens when the disk under them is full.

A disk fills up: a curator uploads a long video, the backups share the volume, the logs
grow. What must not follow is a half-written file under a name the database will point
at, a database row for a file that is not there, or a replaced recording whose old file
is already gone. So:

- `UploadStorage` writes every file under a temporary name in the folder it goes to and
  gives it its real name only once it is whole; a write that fails (ENOSPC, EDQUOT, an
  I/O error) removes the temporary file and raises, and nothing half-written is ever
  seen under a stored name.
- `check_room_for` is asked by the upload forms before anything is written: when the
  uploads' volume has less free space than the files need plus a reserve
  (`HERITAGE_UPLOAD_DISK_RESERVE`, kept for renditions, the database and logs that may
  share it), the form says so and nothing is stored (`media.forms`).
- A rendition that cannot be written is not stored: the page shows a missing picture
  (`rendition_not_stored`, as Wagtail does for a missing original) rather than failing,
  and the rendition is made once there is room again.
- A write that fails anyway (the space taken between the check and the write) leaves no
  file of the model behind (`RemoveFilesOnFailedSave`), and the 500 handler answers
  with a page that says the disk is full (`operations.views.server_error`).
"""

import errno
import logging
import os
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

# Errors of a volume out of space (or of the quota of the user the site runs as).
DISK_FULL_ERRORS = {errno.ENOSPC, errno.EDQUOT}


def is_disk_full(error):
    """Whether `error`, or an error it was raised from, says the disk is full."""
    while error is not None:
        if isinstance(error, OSError) and error.errno in DISK_FULL_ERRORS:
            return True
        error = error.__cause__ or error.__context__
    return False


class UploadStorage(FileSystemStorage):
    """Django's file system storage, except that a file appears under its name only whole."""

    def get_valid_name(self, name):
        """Never a hidden name: a stem made only of letters the ASCII folding drops
        ("🎉.jpg" becomes ".jpg" in Wagtail's image names) would hide the file, and lose
        its extension (the type it is served as)."""
        name = super().get_valid_name(name)
        return f"file{name}" if name.startswith(".") else name

    def _save(self, name, content):
        full_path = Path(self.path(name))
        directory = full_path.parent
        if self.directory_permissions_mode is not None:
            os.makedirs(directory, self.directory_permissions_mode, exist_ok=True)
        else:
            directory.mkdir(parents=True, exist_ok=True)
        # Hidden, in the same folder: on the same volume, so linking it into place is atomic.
        descriptor, partial = tempfile.mkstemp(dir=directory, prefix=".upload-", suffix=".part")
        try:
            with os.fdopen(descriptor, "wb") as target:
                for chunk in content.chunks():
                    target.write(chunk.encode() if isinstance(chunk, str) else chunk)
                target.flush()  # a full disk may only say so when the data is flushed
            os.chmod(partial, self.file_permissions_mode or 0o666 & ~UMASK)
            while True:
                try:
                    _move_into_place(partial, full_path)
                    break
                except FileExistsError:
                    name = self.get_available_name(name)
                    full_path = Path(self.path(name))
        finally:
            Path(partial).unlink(missing_ok=True)
        self._ensure_location_group_id(str(full_path))
        return os.path.relpath(full_path, self.location).replace("\\", "/")


def _move_into_place(partial, full_path):
    """Give the whole file its name, never replacing a file already there (FileExistsError)."""
    try:
        os.link(partial, full_path)
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK):
            raise
        # A file system without hard links: claim the name, then move the file onto it.
        os.close(os.open(full_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        os.replace(partial, full_path)


def _umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


# Read once, at start-up: os.umask can only be read by setting it, which is not thread-safe.
UMASK = _umask()


def free_space(folder):
    """Bytes free on the volume of `folder` (or of its nearest existing parent)."""
    folder = Path(folder).resolve()
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return shutil.disk_usage(folder).free


def check_room_for(*uploads):
    """Refuse uploads the uploads' volume has no room for (keeping the reserve free)."""
    uploads = [upload for upload in uploads if upload is not None and hasattr(upload, "size")]
    if uploads:
        check_room(sum(upload.size or 0 for upload in uploads))


def check_room(needed):
    """Refuse to write `needed` bytes where the uploads' volume has no room for them
    (keeping the reserve free)."""
    reserve = getattr(settings, "HERITAGE_UPLOAD_DISK_RESERVE", 0)
    free = free_space(settings.MEDIA_ROOT)
    if free < needed + reserve:
        raise no_room(needed, max(free - reserve, 0))


def no_room(needed, free):
    """The ValidationError (code "disk_full") that says a file of `needed` bytes cannot be
    stored with `free` bytes left, and that nothing was saved."""
    return ValidationError(
        _(
            "The server's disk is full: there is no room to store this file (%(needed)s needed, "
            "%(free)s free). Nothing was saved. Ask the site's administrator to free space, then upload it again."
        )
        % {"needed": filesizeformat(needed), "free": filesizeformat(free)},
        code="disk_full",
    )


class RemoveFilesOnFailedSave(models.Model):
    """A model with several files (a recording, its poster, its captions) writes them one
    after another before its row: when one write fails, the ones already written go
    too, so a failed save leaves neither a row nor a file."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        file_fields = [field for field in self._meta.concrete_fields if isinstance(field, models.FileField)]
        unwritten = {
            field.attname
            for field in file_fields
            if getattr(self, field.attname) and not getattr(getattr(self, field.attname), "_committed", True)
        }
        try:
            return super().save(*args, **kwargs)
        except Exception:
            for attname in unwritten:
                stored = getattr(self, attname)
                if stored and getattr(stored, "_committed", False):
                    stored.storage.delete(stored.name)
            raise


def rendition_not_stored(image, filter, error):
    """The stand-in for a rendition the full disk has no room for: not saved nor cached,
    so the next request makes the real one once there is room (Wagtail's own stand-in
    for a missing original, `get_rendition_or_not_found`, is the model)."""
    logger.error("No room for a rendition of image %s (%s): %s", image.pk, getattr(filter, "spec", filter), error)
    rendition = image.get_rendition_model()(image=image, width=0, height=0)
    rendition.file.name = "not-found"
    return rendition
