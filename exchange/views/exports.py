"""HTCDS exports for an organisation's managers: a plain export downloaded at once, or one with the personal
data as a passphrase-encrypted file kept for its creator alone until it expires."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.selectors import active_membership
from exchange import files
from exchange.htcds import export
from exchange.htcds.export_form import HtcdsExportForm
from exchange.models import ExportFile


def _organisation_of(request):
    """The organisation the user acts for; 403 unless they may export its cases."""
    membership = active_membership(request)
    if membership is None or not request.user.has_perm(files.EXPORT_PERMISSION, membership.organisation):
        raise PermissionDenied
    return membership.organisation


@login_required
def htcds_export(request):
    """The export form and the user's export files; a plain export answers with the file itself."""
    organisation = _organisation_of(request)
    form = HtcdsExportForm(request.POST or None)
    if form.is_valid():
        format = form.cleaned_data["format"]
        if not form.cleaned_data["personal"]:
            return _download(request, organisation, format)
        export_file = export.htcds_export_file(
            by=request.user,
            organisation=organisation,
            format=format,
            personal=True,
            passphrase=form.cleaned_data["passphrase"],
            request=request,
        )
        messages.success(
            request,
            _("Your export file of %(count)d cases is ready until %(expires)s.")
            % {"count": export_file.case_count, "expires": export_file.expires_at.date().isoformat()},
        )
        return redirect("exchange:htcds_export")
    context = {
        "form": form,
        "organisation": organisation,
        "may_export_personal": request.user.has_perm(files.PERSONAL_PERMISSION, organisation),
        "export_files": files.export_file_list(user=request.user).filter(organisation=organisation),
        "retention_days": files.retention().days,
    }
    return render(request, "exchange/htcds_export.html", context)


def _download(request, organisation, format: str):
    chunks = export.htcds_export_stream(
        by=request.user, organisation=organisation, format=format, request=request
    )
    response = StreamingHttpResponse(chunks, content_type=files.CONTENT_TYPES[format])
    response["Content-Disposition"] = f'attachment; filename="{export.base_name(organisation)}.{format}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def exportfile_download(request, pk):
    """The user's own export file (404 for anyone else's); 410 once it has expired."""
    try:
        export_file, stored = files.export_file_open(user=request.user, pk=pk, request=request)
    except ExportFile.DoesNotExist:
        raise Http404 from None
    except files.ExportFileExpired:
        return render(request, "exchange/exportfile_expired.html", status=410)
    response = FileResponse(
        stored, as_attachment=True, filename=export_file.download_name, content_type="application/zip"
    )
    response["Cache-Control"] = "private, no-store"
    return response
