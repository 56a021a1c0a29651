// Package api 是订单的 HTTP 接口：把 JSON 请求转成 gRPC 调用。
package api

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protojson"

	"mxshop_srvs/order_srv/proto"
	"mxshop_srvs/order_web/global"
)

// createOrderTimeout 是整条下单链路的预算：order_srv 里发半消息、扣库存、写订单都在这段时间里完成。
// 超时通过 ctx 向下传，下游看到 ctx 结束就放弃，不再提交。
const createOrderTimeout = 3 * time.Second

type createOrderForm struct {
	Address string `json:"address" binding:"required"`
	Name    string `json:"name" binding:"required"`
	Mobile  string `json:"mobile" binding:"required"`
	Post    string `json:"post"`
}

// New 下单：POST /o/v1/orders
func New(c *gin.Context) {
	var form createOrderForm
	if err := c.ShouldBindJSON(&form); err != nil {
		c.JSON(http.StatusBadRequest, gin.H{"msg": err.Error()})
		return
	}
	userID := int32(c.GetInt("userId"))

	// 以请求自己的 ctx 为父：客户端断开连接时下游调用一起取消
	ctx, cancel := context.WithTimeout(c.Request.Context(), createOrderTimeout)
	defer cancel()
	rsp, err := global.OrderSrvClient.CreateOrder(ctx, &proto.OrderRequest{
		UserId:  userID,
		Address: form.Address,
		Name:    form.Name,
		Mobile:  form.Mobile,
		Post:    form.Post,
	})
	if err != nil {
		writeGrpcError(c, err)
		return
	}

	// handler 返回后，c 会被 Gin 放回对象池给下一个请求复用。
	// 要在 goroutine 里用请求信息，必须先 Copy 出一份只读副本，绝不能直接捕获 c。
	cCp := c.Copy()
	go func() {
		slog.Info("下单成功",
			"path", cCp.Request.URL.Path,
			"clientIP", cCp.ClientIP(),
			"userId", cCp.GetInt("userId"),
			"orderSn", rsp.OrderSn,
		)
	}()

	// 和订单详情同一种写法：雪花 ID 超过 2^53，JavaScript 的 number 会把末几位变成别的数，
	// protojson 把 int64 写成字符串；两个接口的字段名和字段集合也一致
	writeOrder(c, rsp)
}

// Detail 订单详情：GET /o/v1/orders/:sn
func Detail(c *gin.Context) {
	ctx, cancel := context.WithTimeout(c.Request.Context(), time.Second)
	defer cancel()
	rsp, err := global.OrderSrvClient.OrderDetail(ctx, &proto.OrderRequest{
		UserId:  int32(c.GetInt("userId")),
		OrderSn: c.Param("sn"),
	})
	if err != nil {
		writeGrpcError(c, err)
		return
	}
	writeOrder(c, rsp)
}

// orderJSON 是两个订单接口共用的 JSON 写法。proto3 的 JSON 映射：int64 写成字符串（前端拿到的 id 不会丢精度，
// encoding/json 会把它写成数字）；字段名用 lowerCamelCase 的 JSON 名（orderSn、totalCents）。
// EmitUnpopulated：零值字段也写出来。默认 protojson 会省略它们，待支付订单没有 payType、金额为 0 的字段
// 就整个不见了，前端读到 undefined；下单接口如果再手写一套 snake_case（order_sn），同一个订单在两个接口里就是两种样子。
var orderJSON = protojson.MarshalOptions{EmitUnpopulated: true}

// writeOrder 用 orderJSON 写出一个订单：下单和订单详情返回同样的字段名、同样的字段集合。
func writeOrder(c *gin.Context, rsp *proto.OrderInfoResponse) {
	body, err := orderJSON.Marshal(rsp)
	if err != nil {
		c.JSON(http.StatusInternalServerError, gin.H{"msg": "订单序列化失败"})
		return
	}
	c.Data(http.StatusOK, "application/json; charset=utf-8", body)
}

// writeGrpcError 把 gRPC 状态码翻译成 HTTP 状态码。
func writeGrpcError(c *gin.Context, err error) {
	st, _ := status.FromError(err)
	switch st.Code() {
	case codes.InvalidArgument:
		c.JSON(http.StatusBadRequest, gin.H{"msg": st.Message()})
	case codes.NotFound:
		c.JSON(http.StatusNotFound, gin.H{"msg": st.Message()})
	case codes.ResourceExhausted:
		c.JSON(http.StatusConflict, gin.H{"msg": st.Message()})
	case codes.DeadlineExceeded, codes.Canceled, codes.Unknown:
		// 结果未知（超时，或 order_srv 的 COMMIT 报错）：订单可能已经建成，不能说"失败"
		c.JSON(http.StatusGatewayTimeout, gin.H{"msg": "结果未知，请稍后在订单列表确认"})
	case codes.Unavailable:
		c.JSON(http.StatusServiceUnavailable, gin.H{"msg": "服务暂不可用"})
	default:
		c.JSON(http.StatusInternalServerError, gin.H{"msg": "内部错误"})
	}
}
