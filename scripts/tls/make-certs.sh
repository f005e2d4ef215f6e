#!/usr/bin/env bash
# Certificates for the TLS tests (docs/reliability-and-safety.md R6), made with openssl into <dir>:
#   ca.crt/ca.key            the test CA the client trusts
#   server.crt/.key          127.0.0.1 + localhost, signed by the CA            (good)
#   self-signed.crt/.key     127.0.0.1 + localhost, self-signed                 (DEPTH_ZERO_SELF_SIGNED_CERT)
#   wrong-host.crt/.key      wrong.example only, signed by the CA               (ERR_TLS_CERT_ALTNAME_INVALID)
#   expired.crt/.key         127.0.0.1 + localhost, signed by the CA, 2020-2021 (CERT_HAS_EXPIRED)
#   unknown-ca.crt/.key      127.0.0.1 + localhost, signed by another CA        (UNABLE_TO_VERIFY_LEAF_SIGNATURE)
#   client.crt/.key          client certificate CN=postgres, signed by the CA   (PostgreSQL clientcert=verify-full)
#   client-other-ca.crt/.key client certificate CN=postgres, signed by another CA (refused by the server)
#   client-encrypted.key     client.key encrypted (AES-256) with $TLS_KEY_PASSPHRASE, when that is set
# OpenSSL 3.0 has no `x509 -not_before`, so the expired one goes through `openssl ca` with explicit dates.
set -euo pipefail
dir=${1:?usage: make-certs.sh <dir>}
mkdir -p "$dir"; cd "$dir"
subj() { echo "/CN=$1/O=dbconsole tests"; }
key() { openssl genrsa -out "$1.key" 2048 2>/dev/null; chmod 600 "$1.key"; }
ext() { printf 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=%s\n' "$1" >"$2"; }
client_ext() { printf 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n' >"$1"; }
ca() {
  key "$1"
  openssl req -x509 -new -key "$1.key" -sha256 -days 3650 -subj "$(subj "$2")" \
    -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign -out "$1.crt"
}
signed() { # name, CA, SAN
  key "$1"; ext "$3" "$1.ext"
  openssl req -new -key "$1.key" -subj "$(subj "$1")" -out "$1.csr"
  openssl x509 -req -in "$1.csr" -CA "$2.crt" -CAkey "$2.key" -CAcreateserial -days 825 -sha256 \
    -extfile "$1.ext" -out "$1.crt" 2>/dev/null
}
ca ca "dbconsole test CA"
ca other-ca "some other CA"
signed server ca 'IP:127.0.0.1,DNS:localhost'
signed wrong-host ca 'DNS:wrong.example'
signed unknown-ca other-ca 'IP:127.0.0.1,DNS:localhost'
client() { # name, CA; CN=postgres: clientcert=verify-full matches it against the user name
  key "$1"; client_ext "$1.ext"
  openssl req -new -key "$1.key" -subj "/CN=postgres/O=dbconsole tests" -out "$1.csr"
  openssl x509 -req -in "$1.csr" -CA "$2.crt" -CAkey "$2.key" -CAcreateserial -days 825 -sha256 \
    -extfile "$1.ext" -out "$1.crt" 2>/dev/null
}
client client ca
client client-other-ca other-ca
if [ -n "${TLS_KEY_PASSPHRASE:-}" ]; then
  openssl pkey -in client.key -aes256 -passout env:TLS_KEY_PASSPHRASE -out client-encrypted.key
  chmod 600 client-encrypted.key
fi
# Self-signed leaf for 127.0.0.1.
key self-signed
openssl req -x509 -new -key self-signed.key -sha256 -days 825 -subj "$(subj 127.0.0.1)" \
  -addext subjectAltName=IP:127.0.0.1,DNS:localhost -out self-signed.crt
# Expired: a minimal `openssl ca` database so that -startdate/-enddate can be in the past.
key expired; ext 'IP:127.0.0.1,DNS:localhost' expired.ext
openssl req -new -key expired.key -subj "$(subj expired)" -out expired.csr
mkdir -p ca-db; : >ca-db/index.txt; echo 1000 >ca-db/serial
cat >ca-db/openssl.cnf <<CNF
[ca]
default_ca = test
[test]
database = ca-db/index.txt
serial = ca-db/serial
new_certs_dir = ca-db
default_md = sha256
policy = any
copy_extensions = none
[any]
commonName = supplied
CNF
openssl ca -batch -config ca-db/openssl.cnf -cert ca.crt -keyfile ca.key -in expired.csr -out expired.crt \
  -startdate 20200101000000Z -enddate 20210101000000Z -extfile expired.ext -notext 2>/dev/null
rm -f ./*.csr ./*.ext ./*.srl
echo "certificates in $dir"
