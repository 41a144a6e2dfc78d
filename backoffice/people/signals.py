"""The seam between recruiting and the apps that act on a hire.

`employee_hired` is sent by recruiting's hire service after the transaction commits, with
`employee` (the new Employee) and `application` (the recruiting application, or None when HR
creates the employee by hand). Onboarding and performance connect to it; recruiting never
imports them.
"""

from django.dispatch import Signal

employee_hired = Signal()
