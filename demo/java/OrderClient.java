// Calls the order service; retries when the connection fails.
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;

public class OrderClient {
    private static final int MAX_RETRIES = 5;
    private final HttpClient client = HttpClient.newHttpClient();

    public HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        IOException last = null;
        for (int attempt = 1; attempt <= MAX_RETRIES; attempt++) {
            try {
                return client.send(request, BodyHandlers.ofString());
            } catch (IOException e) {
                last = e;
                Thread.sleep(1000L * attempt);
            }
        }
        throw last;
    }
}
