"""The demo partnership: a story that shows what the product is for.

Phase 1 goes well. In phase 2 the client starts prescribing and adds scope to a fixed price;
the vendor slips twice, once told early and once told late. Phase 3 is under way.
"""

from __future__ import annotations

from werkzeug.security import generate_password_hash

from .extensions import db
from .models import Member, Partnership, User

PASSWORD = "demo-password"
LOGINS = [
    ("clara@northwind.example", "client lead"),
    ("carlos@northwind.example", "client member"),
    ("vera@acme-dev.example", "vendor lead"),
    ("victor@acme-dev.example", "vendor member"),
]
NAMES = {
    "clara@northwind.example": "Clara Lindqvist",
    "carlos@northwind.example": "Carlos Romero",
    "vera@acme-dev.example": "Vera Okafor",
    "victor@acme-dev.example": "Victor Rossi",
}


def load() -> Partnership:
    users = {}
    hashed = generate_password_hash(PASSWORD)
    for email, _role in LOGINS:
        user = db.session.query(User).filter_by(email=email).one_or_none()
        if user is None:
            user = User(email=email, name=NAMES[email], password_hash=hashed, language="en")
            db.session.add(user)
        users[email] = user
    partnership = Partnership(
        name="Northwind order portal",
        client_name="Northwind Traders",
        vendor_name="Acme Software",
        engagement="fixed_price",
        description="A self-service portal where Northwind's wholesale customers place and track "
        "orders, replacing email and phone orders.",
    )
    for email, role in LOGINS:
        side, position = role.split()
        partnership.members.append(Member(user=users[email], side=side, role=position))
    db.session.add(partnership)
    db.session.commit()
    return partnership
