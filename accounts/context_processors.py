from accounts import roles as role_checks


def roles(request) -> dict:
    """Expose the user's roles to templates, computed by accounts.roles like everywhere else."""
    user = getattr(request, "user", None)
    return {
        "user_roles": role_checks.roles_of(user),
        "can_review_applications": role_checks.can_review_applications(user),
        "can_apply": role_checks.can_apply(user),
    }
