package io.cairn.server.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.server.CairnApplication;
import io.cairn.server.CairnTestServer;
import io.cairn.server.HttpApi;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.graphql.ExecutionGraphQlService;
import org.springframework.graphql.execution.GraphQlSource;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A whole Cairn process (real embedded backends) that runs every role but {@code api}: the GraphQL schema ships in the
 * artifact, yet neither {@code /graphql} nor GraphiQL is served, while the roles it does run answer. GraphQlApiTest
 * shows the same artifact serving GraphQL when the role is on.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(classes = CairnApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "cairn.roles=catalog,ingest,indexer,ui")
class GraphQlRolesTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        CairnTestServer.register(registry);
    }

    private final HttpApi api;
    private final ApplicationContext context;

    @Autowired
    GraphQlRolesTest(@LocalServerPort int port, ApplicationContext context) {
        this.api = new HttpApi("http://127.0.0.1:" + port);
        this.context = context;
    }

    @Test
    void withoutTheApiRoleGraphQlAndGraphiqlAreNotFound() {
        String token = api.token(CairnTestServer.ROOT_ID, CairnTestServer.ROOT_SECRET);

        HttpApi.Reply query = api.post("/graphql", token, "application/json", "{\"query\":\"{ me { role } }\"}");
        assertThat(query.status()).as(query.body()).isEqualTo(404);
        HttpApi.Reply graphiql = api.get("/graphiql", null);
        assertThat(graphiql.status()).as(graphiql.body()).isEqualTo(404);
        assertThat(context.getBeanNamesForType(GraphQlSource.class)).isEmpty();
        assertThat(context.getBeanNamesForType(ExecutionGraphQlService.class)).isEmpty();

        // The process is up and serves the roles it runs.
        HttpApi.Reply catalog = api.get("/iceberg/v1/config", token);
        assertThat(catalog.status()).as(catalog.body()).isEqualTo(200);
    }
}
