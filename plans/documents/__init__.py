"""Documents of a plan: the PDF, its safety guards, the radar chart, the seal and the signing certificate."""
