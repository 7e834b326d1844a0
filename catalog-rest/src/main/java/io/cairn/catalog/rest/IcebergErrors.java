package io.cairn.catalog.rest;

import io.cairn.metadata.auth.AccessDeniedException;
import io.cairn.metadata.auth.InvalidTokenException;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.ForbiddenException;
import org.apache.iceberg.exceptions.NamespaceNotEmptyException;
import org.apache.iceberg.exceptions.NoSuchIcebergTableException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.NoSuchViewException;
import org.apache.iceberg.exceptions.NotAuthorizedException;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.exceptions.ServiceUnavailableException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.rest.responses.ErrorResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Maps a failure to the Iceberg {@code ErrorModel} with the status and type the spec gives it, so Iceberg clients
 * raise the matching exception. {@code CommitStateUnknownException} (500) is used only where the outcome is
 * really unknown.
 */
public final class IcebergErrors {

    private static final Logger LOG = LoggerFactory.getLogger(IcebergErrors.class);

    private final IcebergJson json;

    public IcebergErrors(IcebergJson json) {
        this.json = json;
    }

    public ResponseEntity<String> response(Throwable failure) {
        int status = status(failure);
        String type = failure.getClass().getSimpleName();
        String message = failure.getMessage();
        if (failure instanceof AccessDeniedException) {
            type = ForbiddenException.class.getSimpleName();
        } else if (failure instanceof InvalidTokenException) {
            type = NotAuthorizedException.class.getSimpleName();
        } else if (failure instanceof IcebergExceptionHandler.PayloadTooLarge) {
            type = "PayloadTooLargeException";
        } else if (status == 500 && !(failure instanceof CommitStateUnknownException)) {
            LOG.error("Iceberg REST request failed unexpectedly", failure);
            type = "InternalServerError";
            message = "Cairn failed on this request; the server log has the details";
        }
        ErrorResponse error = ErrorResponse.builder().responseCode(status).withType(type)
                .withMessage(message == null ? type : message).build();
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(json.write(error));
    }

    /** 422: the request is well formed but cannot be processed as sent (a reused idempotency key). */
    public ResponseEntity<String> unprocessable(String message) {
        ErrorResponse error = ErrorResponse.builder().responseCode(422).withType("UnprocessableEntityException")
                .withMessage(message).build();
        return ResponseEntity.status(422).contentType(MediaType.APPLICATION_JSON).body(json.write(error));
    }

    static int status(Throwable failure) {
        if (failure instanceof NoSuchNamespaceException || failure instanceof NoSuchTableException
                || failure instanceof NoSuchViewException || failure instanceof NoSuchIcebergTableException
                || failure instanceof NotFoundException) {
            return HttpStatus.NOT_FOUND.value();
        }
        if (failure instanceof AlreadyExistsException || failure instanceof CommitFailedException
                || failure instanceof NamespaceNotEmptyException) {
            return HttpStatus.CONFLICT.value();
        }
        if (failure instanceof BadRequestException || failure instanceof ValidationException
                || failure instanceof IllegalArgumentException) {
            return HttpStatus.BAD_REQUEST.value();
        }
        if (failure instanceof NotAuthorizedException || failure instanceof InvalidTokenException) {
            return HttpStatus.UNAUTHORIZED.value();
        }
        if (failure instanceof ForbiddenException || failure instanceof AccessDeniedException) {
            return HttpStatus.FORBIDDEN.value();
        }
        if (failure instanceof UnsupportedOperationException) {
            return HttpStatus.NOT_ACCEPTABLE.value();
        }
        if (failure instanceof IcebergExceptionHandler.PayloadTooLarge) {
            return HttpStatus.PAYLOAD_TOO_LARGE.value();
        }
        if (failure instanceof ServiceUnavailableException) {
            return HttpStatus.SERVICE_UNAVAILABLE.value();
        }
        return HttpStatus.INTERNAL_SERVER_ERROR.value();
    }
}
