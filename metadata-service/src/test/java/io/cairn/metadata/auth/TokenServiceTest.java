package io.cairn.metadata.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TokenServiceTest {

    /** A clock the test moves forward. */
    private static final class MovingClock extends Clock {
        private Instant now = Instant.parse("2026-11-22T10:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void aRememberedTokenStillExpiresOnTime() {
        MovingClock clock = new MovingClock();
        TokenService tokens = new TokenService(new byte[32], Duration.ofMinutes(5), clock);
        String token = tokens.issue(Actor.client("etl", Role.WRITER)).accessToken();

        assertThat(tokens.verify(token).role()).isEqualTo(Role.WRITER);
        clock.advance(Duration.ofMinutes(4));
        assertThat(tokens.verify(token).principal()).as("verified again from memory").endsWith("etl");
        clock.advance(Duration.ofMinutes(1));
        assertThatThrownBy(() -> tokens.verify(token)).isInstanceOf(InvalidTokenException.class).hasMessageContaining("expired");
        assertThatThrownBy(() -> tokens.verify(token)).as("and stays expired").hasMessageContaining("expired");
    }

    @Test
    void aRememberedTokenDoesNotVouchForAnAlteredOne() {
        TokenService tokens = new TokenService(new byte[32], Duration.ofMinutes(5), Clock.systemUTC());
        String token = tokens.issue(Actor.client("etl", Role.READER)).accessToken();
        tokens.verify(token);

        String[] parts = token.split("\\.");
        String forgedClaims = parts[1].substring(0, parts[1].length() - 2) + (parts[1].endsWith("AA") ? "BB" : "AA");
        assertThatThrownBy(() -> tokens.verify(parts[0] + "." + forgedClaims + "." + parts[2]))
                .isInstanceOf(InvalidTokenException.class);
        assertThat(tokens.verify(token).role()).isEqualTo(Role.READER);
    }
}
