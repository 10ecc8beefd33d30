package dev.overdrive.demo.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DatabaseTest {

  @Test
  void sessionTimeoutStatementPerDatabase() {
    assertEquals("SET QUERY_TIMEOUT 5000", Database.sessionTimeoutSql("jdbc:h2:mem:x", 5));
    assertEquals(
        "SET statement_timeout = 2000", Database.sessionTimeoutSql("jdbc:postgresql://db/demo", 2));
    assertNull(Database.sessionTimeoutSql("jdbc:mysql://db/demo", 5));
  }

  @Test
  void aPooledConnectionTimesOutALongQueryWithoutBeingToldPerStatement() throws Exception {
    try (Database database = Database.open(null, null, null, 1, 1)) {
      assertTrue(database.hasSessionTimeout());
      // Hours of work without the timeout; the pool's connection stops it after a second.
      assertTimeoutPreemptively(
          Duration.ofSeconds(30),
          () -> {
            try (Connection c = database.dataSource().getConnection();
                PreparedStatement ps =
                    c.prepareStatement("SELECT MAX(RAND()) FROM SYSTEM_RANGE(1, 100000000000)")) {
              SQLException e = assertThrows(SQLException.class, ps::executeQuery);
              assertEquals(57014, e.getErrorCode(), "cancelled by the timeout: " + e);
            }
          });
    }
  }
}
