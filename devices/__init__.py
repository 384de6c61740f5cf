"""Counter hardware: receipt documents and renderers, printers, drawer, simulators (DESIGN §9).

Imports nothing from the project; takes plain data.
"""
