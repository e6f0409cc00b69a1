package pki

import (
	"crypto"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"

	"golang.org/x/crypto/hkdf"
)

// A MasterKey seals private keys at rest (AES-256-GCM); it lives outside the database (a file
// or the environment), so that a copy of the database alone signs nothing.
type MasterKey [32]byte

// DeriveMasterKey turns the configured secret (at least 16 bytes) into a master key.
func DeriveMasterKey(secret []byte) (MasterKey, error) {
	var k MasterKey
	if len(secret) < 16 {
		return k, errors.New("pki: the key secret must be at least 16 bytes")
	}
	r := hkdf.New(sha256.New, secret, []byte("motcua key sealing"), []byte("v1"))
	if _, err := r.Read(k[:]); err != nil {
		return k, err
	}
	return k, nil
}

// sealVersion prefixes sealed keys so that a later scheme can be told apart.
const sealVersion = "v1:"

// Seal encrypts a private key for storage; aad binds it to its certificate (its serial), so
// that a sealed key moved to another row does not open.
func (m MasterKey) Seal(key crypto.Signer, aad string) (string, error) {
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return "", err
	}
	gcm, err := m.gcm()
	if err != nil {
		return "", err
	}
	nonce := make([]byte, gcm.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	out := gcm.Seal(nonce, nonce, der, []byte(aad))
	return sealVersion + base64.StdEncoding.EncodeToString(out), nil
}

// Open decrypts a sealed private key.
func (m MasterKey) Open(sealed, aad string) (crypto.Signer, error) {
	if len(sealed) < len(sealVersion) || sealed[:len(sealVersion)] != sealVersion {
		return nil, errors.New("pki: unknown sealed key format")
	}
	raw, err := base64.StdEncoding.DecodeString(sealed[len(sealVersion):])
	if err != nil {
		return nil, err
	}
	gcm, err := m.gcm()
	if err != nil {
		return nil, err
	}
	if len(raw) < gcm.NonceSize() {
		return nil, errors.New("pki: sealed key too short")
	}
	der, err := gcm.Open(nil, raw[:gcm.NonceSize()], raw[gcm.NonceSize():], []byte(aad))
	if err != nil {
		return nil, fmt.Errorf("pki: open sealed key (wrong key secret?): %w", err)
	}
	k, err := x509.ParsePKCS8PrivateKey(der)
	if err != nil {
		return nil, err
	}
	s, ok := k.(crypto.Signer)
	if !ok {
		return nil, errors.New("pki: sealed key cannot sign")
	}
	return s, nil
}

func (m MasterKey) gcm() (cipher.AEAD, error) {
	b, err := aes.NewCipher(m[:])
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(b)
}
