from typing import List

from sqlalchemy import ForeignKey
from sqlalchemy.orm import DynamicMapped, Mapped, WriteOnlyMapped, mapped_column, relationship


class Playlist(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    tracks: Mapped[List["Track"]] = relationship(
        back_populates="playlist", order_by="Track.position", cascade="all, delete-orphan"
    )
    recent: Mapped[List["Track"]] = relationship(order_by="Track.id.desc()", lazy="selectin", viewonly=True)
    dynamic_tracks: DynamicMapped["Track"] = relationship(viewonly=True)
    write_only_tracks: WriteOnlyMapped["Track"] = relationship(viewonly=True)
    raise_tracks: Mapped[List["Track"]] = relationship(lazy="raise_on_sql", viewonly=True)


class Track(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    playlist_id: Mapped[int] = mapped_column(ForeignKey("playlist.id", ondelete="CASCADE"))
    position: Mapped[int]
    playlist: Mapped["Playlist"] = relationship(back_populates="tracks", lazy="joined")
