"""URLs of the procurement requirements builder (see adoption/urls.py).

Every page takes the buyer's answers in its query string, so each can be bookmarked.
"""

from django.urls import path

from adoption.builder import views as builder

urlpatterns = [
    path("", builder.builder_start, name="builder_start"),
    path("version/", builder.builder_version, name="builder_version"),
    path("components/", builder.builder_components_step, name="builder_components"),
    path("access/", builder.builder_access, name="builder_access"),
    path("write-access/", builder.builder_write, name="builder_write"),
    path("check/", builder.builder_check, name="builder_check"),
    path("result/", builder.builder_result, name="builder_result"),
    path("requirements.docx", builder.builder_docx, name="builder_docx"),
    path("requirements.md", builder.builder_markdown, name="builder_markdown"),
]
