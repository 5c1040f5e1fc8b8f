"""Work off the request on Huey: the queue (`queue.py`), running a job in the app (`runner.py`), the jobs (`tasks.py`)."""
