from oauth2_provider.oauth2_validators import OAuth2Validator


class EmailClaimsValidator(OAuth2Validator):
    """Claims for the ID token and userinfo: the user's email, whether it is verified, names."""

    def get_additional_claims(self, request):
        user = request.user
        return {
            "email": user.email,
            "email_verified": not user.groups.filter(name="unverified").exists(),
            "given_name": user.first_name,
            "family_name": user.last_name,
        }
