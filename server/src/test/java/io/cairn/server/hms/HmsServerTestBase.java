package io.cairn.server.hms;

import io.cairn.catalog.hive.HiveMetastores;
import io.cairn.catalog.hms.HmsServer;
import io.cairn.server.CairnApplication;
import io.cairn.server.CairnTestServer;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.hive.metastore.api.ThriftHiveMetastore;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.transport.TTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A real in-JVM Cairn for metastore tests: each test gets a root connection through Hive's generated Thrift client
 * over SASL PLAIN ({@link #client}) and an Iceberg REST client on the same catalog ({@link #rest}).
 */
@SpringBootTest(classes = CairnApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
abstract class HmsServerTestBase {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        CairnTestServer.register(registry);
    }

    @LocalServerPort
    int httpPort;

    @Autowired
    HmsServer hms;

    @Autowired
    HiveMetastores metastores;

    TTransport transport;
    ThriftHiveMetastore.Client client;
    RESTCatalog rest;

    @BeforeEach
    void connect() throws Exception {
        transport = HmsTestClients.sasl(hms.port(), CairnTestServer.ROOT_ID, CairnTestServer.ROOT_SECRET);
        client = new ThriftHiveMetastore.Client(new TBinaryProtocol(transport));
        rest = new RESTCatalog();
        rest.initialize("cairn", Map.of("uri", "http://127.0.0.1:" + httpPort + "/iceberg",
                "credential", CairnTestServer.ROOT_ID + ":" + CairnTestServer.ROOT_SECRET));
    }

    @AfterEach
    void close() throws IOException {
        transport.close();
        rest.close();
    }

    static String unique(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
    }
}
