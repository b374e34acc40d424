from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("dang-nhap/", views.SignInView.as_view(), name="sign_in"),
    path("dang-xuat/", views.SignOutView.as_view(), name="sign_out"),
    path("xac-thuc/", views.two_factor_verify, name="two_factor_verify"),
    path("xac-thuc/thiet-lap/", views.two_factor_setup, name="two_factor_setup"),
]
