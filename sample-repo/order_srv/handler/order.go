// Package handler 实现订单服务：下单（事务消息 + 同步扣库存 + 本地事务落订单）和订单超时关单。
package handler

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"github.com/apache/rocketmq-client-go/v2/consumer"
	"github.com/apache/rocketmq-client-go/v2/primitive"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"gorm.io/gorm"

	"mxshop_srvs/order_srv/global"
	"mxshop_srvs/order_srv/model"
	"mxshop_srvs/order_srv/proto"
)

const (
	// topicReback 归还库存。CreateOrder 发出的半消息、超时关单发出的消息都投到这里，
	// 由 inventory_srv 的 AutoReback 消费。
	topicReback = "order_reback"
	// topicTimeout 订单超时检查，延时消息。
	topicTimeout = "order_timeout"
	// timeoutDelayLevel 16 对应 RocketMQ 默认延时级别里的 30 分钟。
	timeoutDelayLevel = 16
)

// localTxBudget 是一次下单的本地事务预算：发半消息、扣库存、写订单都要在这段时间里结束。
// 它必须明显小于 Broker 的首次回查时间（transactionTimeOut，默认 6 秒）：回查以"订单在不在"为准，
// 本地事务还没结束时被回查，会把一张随后落库的订单判成失败。
const localTxBudget = 3 * time.Second

// checkImmunitySeconds 写进半消息的 CHECK_IMMUNITY_TIME_IN_SECONDS：Broker 在这段时间里不回查这条消息，
// 代替全局的 transactionTimeOut（6 秒）。Broker 用自己的时钟减去生产者写的 bornTimestamp 来算"存了多久"，
// 生产者时钟慢了几秒，6 秒就缩成了两三秒，比 3 秒的预算还短；生产者时钟快了，差值是负数，
// 不带这个属性的半消息下一轮扫描就会被回查。15 秒给时钟偏差留出十几秒的余量。
const checkImmunitySeconds = 15

// OrderServer 实现订单服务的 gRPC 接口。Listener 和启动时创建的事务生产者（global.TxProducer）是同一个监听器。
type OrderServer struct {
	proto.UnimplementedOrderServer
	Listener *OrderListener
}

// orderMessage 是半消息的内容：下单所需的参数，以及库存服务归还时要用的订单号。
type orderMessage struct {
	OrderSn      string `json:"order_sn"`
	User         int32  `json:"user"`
	Address      string `json:"address"`
	SignerName   string `json:"signer_name"`
	SignerMobile string `json:"signer_mobile"`
	Post         string `json:"post"`
}

// localTxResult 是一次下单的本地事务结果，由 ExecuteLocalTransaction 填写、CreateOrder 读取。
type localTxResult struct {
	ctx         context.Context
	code        codes.Code
	detail      string
	amountCents int64
}

// OrderListener 实现 RocketMQ 事务消息的本地事务和回查，整个进程只有一个，挂在启动时创建的事务生产者上。
//
// rocketmq-client-go 在 SendMessageInTransaction 里、收到 SEND_OK 之后，在调用方自己的 goroutine 上
// 同步调用 ExecuteLocalTransaction。所以 CreateOrder 先按订单号登记一份结果，本地事务按消息体里的订单号
// 找到它、写入结果，SendMessageInTransaction 返回后 CreateOrder 再读出来。
// 回查（CheckLocalTransaction）不依赖这份登记，只用消息体和数据库。
type OrderListener struct {
	pending sync.Map // OrderSn -> *localTxResult
}

// NewOrderListener 创建进程里唯一的事务监听器。
func NewOrderListener() *OrderListener {
	return &OrderListener{}
}

// CreateOrder 下单。
//
// 先发"归还库存"的半消息，再在本地事务里扣库存、落订单：
// 订单落库成功 -> 撤回半消息（库存扣减生效）；库存已扣但订单没落库 -> 提交半消息（库存服务归还）。
// 进程在中途崩溃时，Broker 会回查 CheckLocalTransaction 来决定。
func (s *OrderServer) CreateOrder(ctx context.Context, req *proto.OrderRequest) (*proto.OrderInfoResponse, error) {
	id, err := global.OrderIDs.NextID()
	if err != nil {
		return nil, status.Errorf(codes.Unavailable, "生成订单号失败: %v", err)
	}
	orderSn := strconv.FormatInt(id, 10)

	// 预算从这里开始算：上游给的 ctx 更短就用上游的
	ctx, cancel := context.WithTimeout(ctx, localTxBudget)
	defer cancel()

	// 结果预置为失败：消息没发成功时本地事务根本不会执行
	result := &localTxResult{ctx: ctx, code: codes.Internal, detail: "本地事务没有执行"}
	s.Listener.pending.Store(orderSn, result)
	defer s.Listener.pending.Delete(orderSn)

	body, err := json.Marshal(orderMessage{
		OrderSn:      orderSn,
		User:         req.UserId,
		Address:      req.Address,
		SignerName:   req.Name,
		SignerMobile: req.Mobile,
		Post:         req.Post,
	})
	if err != nil {
		return nil, status.Errorf(codes.Internal, "序列化订单消息失败")
	}

	// 半消息：此时消费者看不到它。客户端收到 SEND_OK 后，在这次调用里同步执行 ExecuteLocalTransaction，
	// 再把结果（Commit/Rollback）告诉 Broker；Broker 只在迟迟等不到结果时才发回查请求。
	// 发送用同一个 ctx：预算用完就不再发，也不会在重试里越过回查时间。
	msg := primitive.NewMessage(topicReback, body)
	msg.WithKeys([]string{orderSn})
	msg.WithProperty(primitive.PropertyCheckImmunityTimeInSeconds, strconv.Itoa(checkImmunitySeconds))
	if _, err := global.TxProducer.SendMessageInTransaction(ctx, msg); err != nil {
		return nil, status.Errorf(codes.Internal, "发送事务消息失败: %v", err)
	}
	if result.code != codes.OK {
		return nil, status.Error(result.code, result.detail)
	}
	return &proto.OrderInfoResponse{
		Id:         id,
		UserId:     req.UserId,
		OrderSn:    orderSn,
		Status:     model.StatusWaitBuyerPay,
		TotalCents: result.amountCents,
	}, nil
}

// ExecuteLocalTransaction 本地事务：查购物车和价格 -> RPC 扣库存 -> 一个 DB 事务里写订单、订单商品、清购物车。
// 它不是 Broker 回调的：客户端在 SendMessageInTransaction 里收到 SEND_OK 后直接调用它，运行在 CreateOrder 的 goroutine 上。
//
// 返回值决定"归还库存"半消息的命运：
//   - RollbackMessageState：撤回消息，不归还。库存还没扣，或者订单已经落库（扣减应当生效）。
//   - CommitMessageState：投递消息，让库存服务归还。库存可能已扣，但订单确定没有落库。
//   - UnknowState：订单在不在说不准（COMMIT 报错）。不表态，等 Broker 回查，由 CheckLocalTransaction 查库决定。
//
// 消息的含义和 RocketMQ 的本意相反（它让"业务成功 -> Commit -> 下游执行"），所以 rocketmq-client-go v2.1.2
// 对每个不是 Commit 的结果都打一条 "executeLocalTransaction but state unexpected" 错误日志：
// 这里每一单成功的下单都会留下一条，告警要按这条日志过滤，不能按它报警。
func (o *OrderListener) ExecuteLocalTransaction(msg *primitive.Message) primitive.LocalTransactionState {
	var orderMsg orderMessage
	if err := json.Unmarshal(msg.Body, &orderMsg); err != nil {
		slog.Error("半消息无法解析", "err", err)
		return primitive.RollbackMessageState
	}
	orderID, err := strconv.ParseInt(orderMsg.OrderSn, 10, 64)
	if err != nil {
		slog.Error("订单号不是雪花 ID", "orderSn", orderMsg.OrderSn)
		return primitive.RollbackMessageState
	}
	value, ok := o.pending.Load(orderMsg.OrderSn)
	if !ok {
		// 不是本进程 CreateOrder 发出的消息：这里什么都没做，也就没有要归还的
		slog.Error("本地事务找不到下单请求", "orderSn", orderMsg.OrderSn)
		return primitive.RollbackMessageState
	}
	r := value.(*localTxResult)
	ctx := r.ctx

	var carts []model.ShoppingCart
	if result := global.DB.WithContext(ctx).Where(&model.ShoppingCart{User: orderMsg.User, Checked: true}).Find(&carts); result.RowsAffected == 0 {
		r.code, r.detail = codes.InvalidArgument, "没有选中结算的商品"
		return primitive.RollbackMessageState
	}
	goodsIDs := make([]int32, 0, len(carts))
	goodsNums := make(map[int32]int32, len(carts))
	for _, cart := range carts {
		goodsIDs = append(goodsIDs, cart.Goods)
		goodsNums[cart.Goods] = cart.Nums
	}

	// 价格以商品服务为准，不相信客户端传来的金额
	goodsResp, err := global.GoodsSrvClient.BatchGetGoods(ctx, &proto.BatchGoodsIdInfo{Id: goodsIDs})
	if err != nil {
		r.code, r.detail = codes.Internal, "批量查询商品信息失败"
		return primitive.RollbackMessageState
	}
	var amountCents int64
	orderGoods := make([]*model.OrderGoods, 0, len(goodsResp.Data))
	goodsInvInfo := make([]*proto.GoodsInvInfo, 0, len(goodsResp.Data))
	for _, goods := range goodsResp.Data {
		priceCents := model.YuanToCents(goods.ShopPrice)
		amountCents += priceCents * int64(goodsNums[goods.Id])
		orderGoods = append(orderGoods, &model.OrderGoods{
			Goods:      goods.Id,
			GoodsName:  goods.Name,
			GoodsImage: goods.GoodsFrontImage,
			PriceCents: priceCents,
			Nums:       goodsNums[goods.Id],
		})
		goodsInvInfo = append(goodsInvInfo, &proto.GoodsInvInfo{GoodsId: goods.Id, Num: goodsNums[goods.Id]})
	}

	// 同步扣库存。从这里开始，任何失败都可能留下"库存扣了、订单没有"的状态
	if _, err := global.InventorySrvClient.Sell(ctx, &proto.SellInfo{OrderSn: orderMsg.OrderSn, GoodsInfo: goodsInvInfo}); err != nil {
		r.code, r.detail = status.Code(err), "扣减库存失败"
		switch status.Code(err) {
		case codes.ResourceExhausted, codes.InvalidArgument, codes.Aborted:
			// 库存服务明确拒绝（库存不足、参数不对、这一单已被撤销），它的事务已整体回滚，没有要归还的。
			// grpc_retry 重试过也成立：Sell 先按订单号查流水、再看库存，之前哪一次尝试扣成了，
			// 重试拿到的是成功（流水是已扣减），不会是"库存不足"
			return primitive.RollbackMessageState
		default:
			// 超时或连接错误：扣减可能已经生效。提交归还消息，库存服务按流水判断要不要还
			return primitive.CommitMessageState
		}
	}

	// 事务绑在 ctx 上：预算用完时 database/sql 会回滚它，Commit 随之失败，
	// 所以订单不可能在预算之后才落库，Broker 第一次回查（至少 15 秒后）时结论已经确定
	tx := global.DB.WithContext(ctx).Begin()
	order := model.OrderInfo{
		ID:           orderID,
		User:         orderMsg.User,
		OrderSn:      orderMsg.OrderSn,
		Status:       model.StatusWaitBuyerPay,
		AmountCents:  amountCents,
		Address:      orderMsg.Address,
		SignerName:   orderMsg.SignerName,
		SignerMobile: orderMsg.SignerMobile,
		Post:         orderMsg.Post,
	}
	if err := tx.Create(&order).Error; err != nil {
		tx.Rollback()
		r.code, r.detail = codes.Internal, "创建订单失败"
		return primitive.CommitMessageState
	}
	for _, goods := range orderGoods {
		goods.Order = order.ID
	}
	if err := tx.CreateInBatches(orderGoods, 100).Error; err != nil {
		tx.Rollback()
		r.code, r.detail = codes.Internal, "保存订单商品失败"
		return primitive.CommitMessageState
	}
	if err := tx.Where(&model.ShoppingCart{User: orderMsg.User, Checked: true}).Delete(&model.ShoppingCart{}).Error; err != nil {
		tx.Rollback()
		r.code, r.detail = codes.Internal, "清空购物车失败"
		return primitive.CommitMessageState
	}

	// 超时未支付自动关单：延时消息在事务提交前发出，发不出去就整体失败
	timeoutMsg := primitive.NewMessage(topicTimeout, msg.Body)
	timeoutMsg.WithDelayTimeLevel(timeoutDelayLevel)
	if _, err := global.Producer.SendSync(ctx, timeoutMsg); err != nil {
		tx.Rollback()
		r.code, r.detail = codes.Internal, "发送订单超时消息失败"
		return primitive.CommitMessageState
	}

	if err := tx.Commit().Error; err != nil {
		// COMMIT 报错不能证明事务回滚了：连接在 COMMIT 发出之后断开，服务器可能已经提交，
		// 订单可能已经在库里（用户甚至可能马上去付款）。这时归还库存就会卖出没有库存的订单。
		// 不猜：返回 UnknowState，Broker 过后回查，CheckLocalTransaction 按订单表的真实结果决定
		r.code, r.detail = codes.Unknown, "下单结果未知，请稍后在订单列表确认"
		return primitive.UnknowState
	}
	r.code, r.amountCents = codes.OK, amountCents
	// 订单已落库：库存扣减应当生效，撤回"归还库存"的半消息
	return primitive.RollbackMessageState
}

// CheckLocalTransaction 事务回查：Broker 迟迟没收到 Commit/Rollback（比如 order_srv 在本地事务中途宕机、
// 或者结果那一下单向请求丢了）时，向这个生产者组的一个在线连接发回查请求，客户端把它交给这里。
// 半消息存了 transactionTimeOut（默认 6 秒；这里用 CHECK_IMMUNITY_TIME_IN_SECONDS 放宽到 15 秒）之后才会被回查，
// 之后每个回查周期一次（4.3.1 到 5.1.0 默认 60 秒，5.1.1 起 30 秒），最多 15 次，再没有结论就被丢弃。
// ExecuteLocalTransaction 的 COMMIT 报错时返回 UnknowState，最后也由这里按订单表决定。
// 以订单表为准：订单在，说明本地事务成功了；订单不在，说明没成功，库存可能已扣，需要归还。
func (o *OrderListener) CheckLocalTransaction(msg *primitive.MessageExt) primitive.LocalTransactionState {
	var orderMsg orderMessage
	if err := json.Unmarshal(msg.Body, &orderMsg); err != nil {
		slog.Error("回查消息无法解析", "msgId", msg.MsgId, "err", err)
		return primitive.UnknowState
	}

	// 客户端只有一个 goroutine 逐条处理回查，一次慢查询会拖住后面所有回查，所以给它一个上限
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	var orderInfo model.OrderInfo
	err := global.DB.WithContext(ctx).Where(model.OrderInfo{OrderSn: orderMsg.OrderSn}).First(&orderInfo).Error
	switch {
	case err == nil:
		// 订单已落库：撤回消息，不归还库存
		return primitive.RollbackMessageState
	case errors.Is(err, gorm.ErrRecordNotFound):
		// 订单不存在：投递消息，归还库存（没扣过的话库存服务会跳过）
		return primitive.CommitMessageState
	default:
		// 查库本身出错时不能猜：返回 UnknowState，Broker 下个回查周期再问
		return primitive.UnknowState
	}
}

// OrderTimeout 消费 order_timeout 延时消息：到期仍未支付就关单，并发出归还库存的消息。
// 关单用带状态条件的 UPDATE，重复投递时第二次改不到任何行，天然幂等。
func OrderTimeout(ctx context.Context, msgs ...*primitive.MessageExt) (consumer.ConsumeResult, error) {
	for _, msg := range msgs {
		var orderMsg orderMessage
		if err := json.Unmarshal(msg.Body, &orderMsg); err != nil {
			slog.Error("超时消息无法解析", "msgId", msg.MsgId, "err", err)
			continue
		}

		tx := global.DB.WithContext(ctx).Begin()
		result := tx.Model(&model.OrderInfo{}).
			Where("order_sn = ? AND status = ?", orderMsg.OrderSn, model.StatusWaitBuyerPay).
			Update("status", model.StatusTradeClosed)
		if result.Error != nil {
			tx.Rollback()
			return consumer.ConsumeRetryLater, nil
		}
		if result.RowsAffected == 0 {
			// 已支付、已关闭，或者订单根本没建成
			tx.Rollback()
			continue
		}
		// 从这里到提交，这一行的行锁都在本事务手里：同时到达的支付通知（MarkPaid）会等它，
		// 关单提交后它改到 0 行，按"已关闭"走退款，不会出现"已支付但库存已归还"

		// 关单和归还消息绑在一起：消息发出去了才提交关单
		sendCtx, cancel := context.WithTimeout(ctx, 3*time.Second)
		_, err := global.Producer.SendSync(sendCtx, primitive.NewMessage(topicReback, msg.Body))
		cancel()
		if err != nil {
			// 发送报错不等于没发出去：超时可能发生在 Broker 已经存下消息之后。
			// 这时关单回滚了、归还却会发生，和下面"提交失败"是同一个窄缝（见 MarkPaid 和对账）
			tx.Rollback()
			return consumer.ConsumeRetryLater, nil
		}
		if err := tx.Commit().Error; err != nil {
			// 消息已经发出但关单没提交：库存会被归还，订单仍是待支付。
			// 重试这条超时消息会再次关单；归还是幂等的，不会多还。
			return consumer.ConsumeRetryLater, nil
		}
	}
	return consumer.ConsumeSuccess, nil
}

// PayResult 是一次支付通知的处理结果。
type PayResult int

const (
	// PayAccepted 待支付 -> 已支付，这笔钱就是这一单的货款。
	PayAccepted PayResult = iota
	// PayDuplicate 同一笔交易的重复通知（渠道没收到我们的应答会再通知）：订单已是已支付、交易号相同，应答成功即可。
	PayDuplicate
	// PayRefund 订单已经关闭，或者已被另一笔交易付过：这笔钱不能算成交，要退款（或人工处理）。
	PayRefund
)

// MarkPaid 处理支付成功的通知（支付回调或支付结果消息）：待支付 -> 已支付。
//
// 它和超时关单 OrderTimeout 抢的是同一行：两边都是带 status = 待支付 条件的 UPDATE，
// InnoDB 的行锁让它们串行，先提交的一方赢，后到的一方改到 0 行。
// 改到 0 行时再看订单现在的状态：同一个交易号已经付过，是重复通知（PayDuplicate），不能当成要退款；
// 订单已关闭（比如 29:59 付的款、回调 30:05 才到，关单先提交了），库存已经在归还的路上，
// 返回 PayRefund，调用方发起退款，而不是把已关闭的订单改回已支付。
func MarkPaid(ctx context.Context, orderSn, tradeNo string, paidAt time.Time) (PayResult, error) {
	result := global.DB.WithContext(ctx).Model(&model.OrderInfo{}).
		Where("order_sn = ? AND status = ?", orderSn, model.StatusWaitBuyerPay).
		Updates(map[string]interface{}{"status": model.StatusTradeSuccess, "trade_no": tradeNo, "pay_time": paidAt})
	if result.Error != nil {
		return PayRefund, result.Error
	}
	if result.RowsAffected == 1 {
		return PayAccepted, nil
	}
	var order model.OrderInfo
	if err := global.DB.WithContext(ctx).Where(&model.OrderInfo{OrderSn: orderSn}).First(&order).Error; err != nil {
		// 查不到订单或查库出错：不应答成功，渠道会再通知，人工也能按交易号追查
		return PayRefund, err
	}
	if order.Status == model.StatusTradeSuccess && order.TradeNo == tradeNo {
		return PayDuplicate, nil
	}
	return PayRefund, nil
}

// OrderDetail 按订单号查询订单。
func (*OrderServer) OrderDetail(ctx context.Context, req *proto.OrderRequest) (*proto.OrderInfoResponse, error) {
	var order model.OrderInfo
	err := global.DB.WithContext(ctx).Where(&model.OrderInfo{OrderSn: req.OrderSn, User: req.UserId}).First(&order).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, status.Errorf(codes.NotFound, "订单不存在")
	}
	if err != nil {
		return nil, status.Errorf(codes.Internal, "查询订单失败: %v", err)
	}
	return &proto.OrderInfoResponse{
		Id:         order.ID,
		UserId:     order.User,
		OrderSn:    order.OrderSn,
		PayType:    order.PayType,
		Status:     order.Status,
		Post:       order.Post,
		TotalCents: order.AmountCents,
		Address:    order.Address,
		Name:       order.SignerName,
		Mobile:     order.SignerMobile,
		AddTime:    order.CreatedAt.Format(time.DateTime),
	}, nil
}
