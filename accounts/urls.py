from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("dang-nhap/", views.SignInView.as_view(), name="sign_in"),
    path("dang-xuat/", views.SignOutView.as_view(), name="sign_out"),
]
