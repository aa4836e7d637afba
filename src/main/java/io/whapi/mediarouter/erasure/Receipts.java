package io.whapi.mediarouter.erasure;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed hashes and signatures with {@code media.erasure.receipt-secret}, HMAC-SHA256 in hex: an
 * identifier is never kept or shown in clear once erased, yet the owner, who holds the secret,
 * can tell which one a receipt or a tombstone stands for. A receipt is signed over its compact
 * JSON without the signature, so that {@code jq -cj 'del(.signature)' receipt.json | openssl dgst
 * -sha256 -hmac "$SECRET"} prints the signature it carries (docs/operations.md).
 */
public class Receipts {

    private final byte[] secret;
    private final ObjectMapper json;
    /**
     * One keyed Mac per thread: the tombstone is looked up for every media (intake, router), and a
     * Mac from the provider lookup each time was work done again and again.
     */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    Receipts(String secret, ObjectMapper json) {
        this.secret = secret == null || secret.isBlank() ? null : secret.getBytes(StandardCharsets.UTF_8);
        // compact and in the order given: what jq -c prints of it
        this.json = json.copy();
    }

    /** Whether a secret is set: without one there are no erasures (nothing could be proven). */
    public boolean ready() {
        return secret != null;
    }

    /** The identifier as a receipt or a tombstone keeps it. */
    public String hash(String identifier) {
        return hmac(identifier);
    }

    /** The receipt's fields, in order, with its signature added last. */
    public Map<String, Object> sign(Map<String, Object> receipt) {
        Map<String, Object> signed = new LinkedHashMap<>(receipt);
        signed.remove("signature");
        try {
            signed.put("signature", hmac(json.writeValueAsString(signed)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a receipt is plain values", e);
        }
        return signed;
    }

    private String hmac(String text) {
        if (secret == null) {
            throw new IllegalStateException("media.erasure.receipt-secret is not set");
        }
        // doFinal leaves the Mac ready for the next text
        return HexFormat.of().formatHex(macs.get().doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JVM", e);
        }
    }
}
