import os
from importlib import import_module

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tinhdoan.settings")
application = get_wsgi_application()
# Every view module (the documents' fonts among them) is imported as the server process
# starts, not by the first request it answers: that one waited about a second.
import_module(settings.ROOT_URLCONF)
