"""The ways a delivery leaves the system. Each raises DeliveryError when it could not send."""


class DeliveryError(Exception):
    """Sending failed. `permanent`: retrying cannot help (a refused address, an unknown robot)."""

    def __init__(self, message: str, *, permanent: bool = False):
        super().__init__(message)
        self.permanent = permanent
