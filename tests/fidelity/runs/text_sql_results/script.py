db.session.add_all([Member(login="kim", score=3), Member(login="lee", score=9), Member(login="max", score=9)])
db.session.commit()

result = db.session.execute(text("SELECT id, login, score FROM member WHERE score >= :s ORDER BY id"), {"s": 5})
for row in result:
    print(row.id, row.login, row[2], row._mapping["score"], tuple(row))
print(db.session.execute(text("SELECT login FROM member ORDER BY login")).scalars().all())
print(db.session.execute(text("SELECT count(*) FROM member")).scalar())
print(db.session.execute(text("SELECT login, score FROM member WHERE id = :i"), {"i": 2}).mappings().one())
print(db.session.execute(text("SELECT login FROM member WHERE id = :i"), {"i": 9}).one_or_none())
print(db.session.execute(text("SELECT login, score FROM member ORDER BY id")).mappings().all())
print(db.session.execute(text("SELECT login FROM member WHERE score = 9 ORDER BY id")).first())
print(db.session.execute(select(Member).where(Member.score == 9).order_by(Member.id)).scalars().all())
print(db.session.execute(select(Member.login).where(Member.id == 1)).scalar_one())
print(db.session.execute(select(Member).where(Member.id == 7)).scalar_one_or_none())
print(db.session.execute(select(Member.login, Member.score).order_by(Member.id)).mappings().first())
print(db.session.execute(select(Member).order_by(Member.id)).unique().scalars().all())
print(db.session.scalars(select(Member.score).order_by(Member.id)).unique().all())
for call in [lambda: db.session.execute(select(Member)).scalar_one(), lambda: db.session.execute(select(Member).where(Member.id == 0)).one()]:
    try:
        call()
    except Exception as e:
        print(type(e).__name__, e)
stmt = text("SELECT login FROM member WHERE score > :low ORDER BY login").bindparams(low=4)
print(db.session.scalars(stmt).all())
print(Member.query.from_statement(text("SELECT * FROM member WHERE login = :l")).params(l="kim").all())
db.session.execute(text("UPDATE member SET score = score + :d WHERE login = :l"), {"d": 1, "l": "kim"})
db.session.commit()
print(db.session.get(Member, 1).score)
name = "x' OR '1'='1"
print(db.session.execute(text(f"SELECT login FROM member WHERE login = '{name}'")).all())
print(db.session.execute(text("SELECT login FROM member WHERE login = :n"), {"n": name}).all())
try:
    db.session.execute(text("SELECT 1; DELETE FROM member"))
except Exception as e:
    print(type(e).__name__, str(e).splitlines()[0])
db.session.rollback()
try:
    db.session.execute(text("SELECT * FROM nowhere"))
except Exception as e:
    print(type(e).__name__, str(e).splitlines()[0])
db.session.rollback()
print(db.session.execute(text("SELECT count(*) FROM member")).scalar())
