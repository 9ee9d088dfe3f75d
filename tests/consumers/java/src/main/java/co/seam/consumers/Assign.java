// The docs' call from plain Java, against co.seam:seam-core by coordinates, then a card made,
// listed, read back from its JSON and deleted, and every page walked: no call passes null.
// SEAM_API_KEY and SEAM_ENDPOINT come from the environment.

package co.seam.consumers;

import co.seam.core.AccessMethod;
import co.seam.core.AcsCredential;
import co.seam.core.AcsCredentials;
import co.seam.core.AcsCredentialsPage;
import co.seam.core.AcsCredentialsPages;
import co.seam.core.ApiValues;
import co.seam.core.Json;
import co.seam.core.Seam;
import co.seam.core.SeamBuilder;
import co.seam.core.SeamException;

public final class Assign {
    private Assign() {}

    public static void main(String[] args) {
        String apiKey = System.getenv("SEAM_API_KEY");
        String endpoint = System.getenv("SEAM_ENDPOINT");
        try (Seam seam = new SeamBuilder().apiKey(apiKey).endpoint(endpoint).build()) {
            AcsCredential credential = seam.acs().credentials().assign(
                "33333333-3333-3333-3333-333333333333", "66666666-6666-6666-6666-666666666666");
            System.out.println("java: assigned " + credential.getAcsCredentialId()
                + " (" + credential.getDisplayName() + ") to " + credential.getAcsUserId());
        } catch (SeamException.Api e) {
            System.err.println("the API refused: " + e.getCode() + " (request " + e.getRequestId() + ")");
            System.exit(1);
        } catch (SeamException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }

        // The constructor without arguments reads SEAM_API_KEY and SEAM_ENDPOINT.
        try (Seam seam = new Seam()) {
            AcsCredentials credentials = seam.acs().credentials();
            AcsCredential card = credentials.create(AccessMethod.Card.INSTANCE, "33333333-3333-3333-3333-333333333333");
            AcsCredentialsPage page = credentials.list("33333333-3333-3333-3333-333333333333");
            boolean listed = false;
            for (AcsCredential c : page.getAcsCredentials()) {
                listed |= c.getAcsCredentialId().equals(card.getAcsCredentialId());
            }
            String json = Json.toJson(card);
            boolean same = Json.acsCredentialFromJson(json).equals(card);
            System.out.println("java: created " + card.getAcsCredentialId() + " ("
                + ApiValues.apiValue(card.getAccessMethod()) + "), listed: " + listed + ", read back from JSON: " + same);
            credentials.delete(card.getAcsCredentialId());

            int count = 0;
            AcsCredentialsPages pages = credentials.listAll();
            for (AcsCredentialsPage p = pages.nextPage(); p != null; p = pages.nextPage()) {
                count += p.getAcsCredentials().size();
            }
            System.out.println("java: listAll saw " + count + " credentials");
        } catch (SeamException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }
    }
}
