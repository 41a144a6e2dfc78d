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
