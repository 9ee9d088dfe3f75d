// The docs' call from plain Java, against co.seam:seam-core by coordinates. SEAM_API_KEY and
// SEAM_ENDPOINT come from the environment.

package co.seam.consumers;

import co.seam.core.AcsCredential;
import co.seam.core.AcsCredentialPages;
import co.seam.core.AcsCredentialsPage;
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
                "33333333-3333-3333-3333-333333333333", "66666666-6666-6666-6666-666666666666", null);
            System.out.println("java: assigned " + credential.getAcsCredentialId()
                + " (" + credential.getDisplayName() + ") to " + credential.getAcsUserId());
        } catch (SeamException.Api e) {
            System.err.println("the API refused: " + e.getCode() + " (request " + e.getRequestId() + ")");
            System.exit(1);
        } catch (SeamException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }

        // The constructor itself, all seven arguments (null is the default), and every page.
        try (Seam seam = new Seam(apiKey, null, null, null, endpoint, null, null)) {
            int count = 0;
            AcsCredentialPages pages = seam.acs().credentials().listAll(null, null, null, null, null, null, 2);
            for (AcsCredentialsPage page = pages.nextPage(); page != null; page = pages.nextPage()) {
                count += page.getAcsCredentials().size();
            }
            System.out.println("java: listAll saw " + count + " credentials");
        } catch (SeamException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }
    }
}
