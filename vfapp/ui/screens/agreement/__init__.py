"""The comparison of two codings of a film (double coding): figures, their working, and the
disagreements to play."""

from vfapp.ui.screens.agreement.view import AgreementView

__all__ = ["AgreementView"]
