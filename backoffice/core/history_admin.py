"""The admin base for models with an audit trail (django-simple-history).

SimpleHistoryAdmin (3.13) lets anyone who may *view* an object's history POST the revert form
of an old version and save it: a read-only user could rewrite the record. HistoryAdmin refuses
that POST unless the user may change the object, so history is readable by whoever may view
the model and revertible only by whoever may change it.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin


class HistoryAdmin(SimpleHistoryAdmin):
    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST" and not self.has_change_history_permission(request):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)
