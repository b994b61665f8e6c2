"""What every process shares: the Item, the base flow and its lock, the step nodes, assignment
scoped by organisation, decisions, and one service per state change (services.py).
"""
