class Playlist(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(50))
    tracks = db.relationship(
        "Track", back_populates="playlist", order_by="Track.position", cascade="all, delete-orphan"
    )
    tracks_desc = db.relationship("Track", order_by="desc(Track.position)", viewonly=True)
    joined_tracks = db.relationship("Track", lazy="joined", viewonly=True)
    selectin_tracks = db.relationship("Track", lazy="selectin", viewonly=True)
    subquery_tracks = db.relationship("Track", lazy="subquery", viewonly=True)
    dynamic_tracks = db.relationship("Track", lazy="dynamic", viewonly=True)
    raise_tracks = db.relationship("Track", lazy="raise", viewonly=True)
    noload_tracks = db.relationship("Track", lazy="noload", viewonly=True)
    plain_tracks = db.relationship("Track", lazy=True, viewonly=True)
    select_tracks = db.relationship("Track", lazy="select", cascade="save-update, merge", viewonly=True)


class Track(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    playlist_id = db.Column(db.Integer, db.ForeignKey("playlist.id", ondelete="CASCADE"))
    position = db.Column(db.Integer, nullable=False)
    playlist = db.relationship("Playlist", back_populates="tracks", passive_deletes=True)
