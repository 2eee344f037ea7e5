class User(db.Model):
    id = db.Column(db.Integer, primary_key=True)


class BlogPost(db.Model):
    id = db.Column(db.Integer, primary_key=True)


class HTTPRequestLog(db.Model):
    id = db.Column(db.Integer, primary_key=True)


class OAuth2Token(db.Model):
    id = db.Column(db.Integer, primary_key=True)


class ABCModel(db.Model):
    id = db.Column(db.Integer, primary_key=True)


class Model2Thing(db.Model):
    id = db.Column(db.Integer, primary_key=True)


class URLShortener(db.Model):
    id = db.Column(db.Integer, primary_key=True)


class IPAddressV6(db.Model):
    id = db.Column(db.Integer, primary_key=True)


class user_settings(db.Model):
    id = db.Column(db.Integer, primary_key=True)


class XMLHttpRequest(db.Model):
    id = db.Column(db.Integer, primary_key=True)


class S3Bucket(db.Model):
    id = db.Column(db.Integer, primary_key=True)


class A(db.Model):
    id = db.Column(db.Integer, primary_key=True)
