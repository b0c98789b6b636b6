"""Unit roles (claim, evidence, motive, other): the rule classifier, and a learned one."""
