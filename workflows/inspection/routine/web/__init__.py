"""常态督导's Chinese pages: every act one service call (the services and rules of the package)."""
