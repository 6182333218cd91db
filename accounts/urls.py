from django.urls import path

from .views import membership, organization

app_name = "accounts"

urlpatterns = [
    path("account/profile/", membership.profile, name="profile"),
    path("account/organizations/", membership.my_organizations, name="my_organizations"),
    path("account/organizations/<str:code>/sharing/", membership.set_sharing, name="set_sharing"),
    path("account/organizations/<str:code>/leave/", membership.leave, name="leave"),
    path("join/", membership.join, name="join"),
    path("invitations/<str:token>/", membership.invitation, name="invitation"),
    path("invitations/<str:token>/accept/", membership.accept, name="accept_invitation"),
    path("org/<slug:slug>/", organization.members, name="organization_members"),
    path("org/<slug:slug>/invite/", organization.invite_member, name="organization_invite"),
    path(
        "org/<slug:slug>/invitations/<str:code>/resend/",
        organization.resend,
        name="organization_resend_invitation",
    ),
    path(
        "org/<slug:slug>/invitations/<str:code>/cancel/",
        organization.cancel,
        name="organization_cancel_invitation",
    ),
    path(
        "org/<slug:slug>/members/<str:code>/role/",
        organization.set_role,
        name="organization_set_role",
    ),
    path(
        "org/<slug:slug>/members/<str:code>/remove/",
        organization.remove_member,
        name="organization_remove_member",
    ),
    path("org/<slug:slug>/join-code/", organization.join_code, name="organization_join_code"),
    path(
        "org/<slug:slug>/join-code/qr.svg",
        organization.join_code_qr,
        name="organization_join_code_qr",
    ),
    path(
        "org/<slug:slug>/join-code/regenerate/",
        organization.regenerate_join_code,
        name="organization_regenerate_join_code",
    ),
]
