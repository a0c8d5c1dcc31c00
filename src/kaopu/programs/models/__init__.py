"""Programs (活动与培训), as one package of model modules:

- ``activity``: the activities the FIC and its chambers hold, their types and photos;
- ``sites``: the ideals-and-beliefs education sites (理想信念教育指导点/示范点) activities are held at;
- ``lecturers``: the lecturers' group (讲师团) and their bookings;
- ``training``: the youth-entrepreneur training cohorts (青年企业家培训班), their sessions, trainees,
  attendance and certificates.
"""

from kaopu.programs.models.activity import Activity, ActivityPhoto, ActivityType
from kaopu.programs.models.lecturers import Booking, Lecturer
from kaopu.programs.models.sites import EducationSite
from kaopu.programs.models.training import Attendance, Certificate, Cohort, Trainee, TrainingSession

__all__ = ["Activity", "ActivityPhoto", "ActivityType", "Attendance", "Booking", "Certificate", "Cohort",
           "EducationSite", "Lecturer", "Trainee", "TrainingSession"]
