"""Admin building blocks shared by the apps."""


class ReadOnlyAdminMixin:
    """Records of what happened: shown, never added, edited or deleted from the admin.

    Works for ModelAdmin and inlines alike (inlines pass `obj` to has_add_permission).
    """

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class LargeListAdminMixin:
    """Changelists of tables that grow to a million rows: no full COUNT on every view.

    Django's changelist counts the whole table for "N total" (show_full_result_count) and the
    filtered rows for the paginator; both go. The paginator counts exactly below its threshold
    and says "about N" (the planner's estimate) above it, offering the first pages only
    (backoffice.core.pagination; templates/admin/pagination.html shows the wording).
    """

    show_full_result_count = False

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        from backoffice.core.pagination import EstimatedCountPaginator

        return EstimatedCountPaginator(queryset, per_page, orphans, allow_empty_first_page)
