"""How a content key (``b1.inwoners``) becomes an HTML form field name, in one place for forms and templates."""


def field_name(key: str) -> str:
    return "q_" + key.replace(".", "__")
